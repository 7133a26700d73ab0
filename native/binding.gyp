{
  "targets": [
    {
      "target_name": "tsc_clock",
      "sources": ["tsc_clock.cc"],
      "cflags_cc": ["-Wno-cast-function-type"]
    }
  ]
}
