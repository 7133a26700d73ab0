// tsc_clock: the optional native clock of lineprof's exact engine (see src/runtime/clock.ts).
// It only reads clocks into memory JS gave it; converting ticks to time, and deciding whether
// the TSC can be trusted, is clock.ts's job.
//
// JS hands over a Float64Array once (`init(buf)`); each `tick()` then executes `rdtsc` and
// writes the tick count into buf[0], returning undefined. Returning the value instead would
// make V8 allocate a heap number per call (~28 ns here), more than the call itself.
//
//   init(buf: Float64Array /* length >= 2 */): void    TypeError / RangeError otherwise
//   tick(): void          buf[0] = TSC ticks since init()
//   monotonicNs(): void   buf[1] = CLOCK_MONOTONIC nanoseconds since init()
//   available: boolean    false where the addon was built without a TSC (not x86-64)
//
// Both values count from init() so that they stay far below 2^53 and convert to double
// exactly. Before init() (in this thread), tick() and monotonicNs() do nothing. The addon
// holds a strong reference to buf, so it cannot be collected while written to; but Node-API,
// unlike the V8 API, cannot hold on to its memory: the caller must never detach, transfer or
// shrink buf's ArrayBuffer after init() (clock.ts keeps its buffer private).
//
// Node-API (node_api.h from the npm package node-api-headers), so that one binary loads on
// every supported Node line (20, 22, 24, 26) and building needs no Node headers: Node-API
// version 8 has everything used here. The price is Node-API's call trampoline. Per read of
// `tick(); buf[0]`, minimum over 33 runs of 2e6 reads (bench/clocks.mjs, all four lines in
// one run, 2-core x86-64 VM shared with other work):
//                          Node 20   Node 22   Node 24   Node 26
//   this addon              14.5      14.7      16.6      16.3 ns  (as clock.ts reads it)
//   previous plain-V8 addon 10.7         -         -         - ns  (loads on its own ABI only)
//   performance.now()       44.9      44.9      45.2      46.6 ns
// Decided: Node-API only, one binary for all lines; the ~4 ns more per read on Node 20 (the
// exact engine's line event: 18.2 -> 22.3 ns) is the price of ABI stability.
//
// State is per env, and so per thread: each worker_thread is its own Node-API env on its own
// thread, loads the addon again and calls init() with its own buffer. tick() finds its state
// through a thread_local pointer, checked against the env it is called with, rather than
// always through napi_get_cb_info (the functions' data): that call cost ~0.6 ns per tick on
// Node 20 and 24; the check costs nothing measurable, nor did thread_local vs a static.

#define NAPI_VERSION 8
#include <node_api.h>

#include <cstdint>

#if defined(__x86_64__) || defined(_M_X64)
#define LINEPROF_HAVE_TSC 1
#include <time.h>
#include <x86intrin.h>
#else
#define LINEPROF_HAVE_TSC 0
#endif

namespace {

#if LINEPROF_HAVE_TSC

struct State {
  napi_env env = nullptr;  // the env (thread, for Node) whose functions own this state
  double* out = nullptr;   // buf's first element, or null before init()
  napi_ref keep = nullptr; // strong reference to buf, released at the next init() or at exit
  uint64_t tsc0 = 0;
  int64_t mono0 = 0;
};

// The state of the env whose init() ran last in this thread: with one env per thread, as in
// every Node process that loads the addon once per thread, that is the caller's. A second env
// in the same thread (the addon loaded again after clearing require.cache) gets its own
// state through the functions' data, at the cost of the call that fetches it.
thread_local State* current = nullptr;

inline State* StateOf(napi_env env, napi_callback_info info) {
  State* state = current;
  if (state != nullptr && state->env == env) return state;
  void* data = nullptr;
  if (napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data) != napi_ok) return nullptr;
  return static_cast<State*>(data);
}

inline int64_t MonotonicNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

napi_value Throw(napi_env env, bool range, const char* message) {
  if (range) {
    napi_throw_range_error(env, nullptr, message);
  } else {
    napi_throw_type_error(env, nullptr, message);
  }
  return nullptr;
}

napi_value Init(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1] = {nullptr};
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
  State* state = static_cast<State*>(data);

  bool is_typed_array = false;
  if (argc < 1 || napi_is_typedarray(env, argv[0], &is_typed_array) != napi_ok || !is_typed_array) {
    return Throw(env, false, "init(buf): buf must be a Float64Array");
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* elements = nullptr;
  napi_value buffer = nullptr;
  size_t byte_offset = 0;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &elements, &buffer, &byte_offset) != napi_ok ||
      type != napi_float64_array) {
    return Throw(env, false, "init(buf): buf must be a Float64Array");
  }
  // A detached buffer has no memory to write to (a SharedArrayBuffer is never detached).
  bool detached = false;
  if (napi_is_detached_arraybuffer(env, buffer, &detached) == napi_ok && detached) {
    return Throw(env, false, "init(buf): buf's ArrayBuffer is detached");
  }
  if (length < 2 || elements == nullptr) {
    return Throw(env, true, "init(buf): buf needs at least 2 elements");
  }

  napi_ref keep = nullptr;
  if (napi_create_reference(env, argv[0], 1, &keep) != napi_ok) return nullptr;
  if (state->keep != nullptr) napi_delete_reference(env, state->keep);
  state->keep = keep;
  state->out = static_cast<double*>(elements);
  state->tsc0 = __rdtsc();
  state->mono0 = MonotonicNs();
  state->out[0] = 0;
  state->out[1] = 0;
  current = state;
  return nullptr;
}

napi_value Tick(napi_env env, napi_callback_info info) {
  State* state = StateOf(env, info);
  const uint64_t now = __rdtsc();
  if (state != nullptr && state->out != nullptr) state->out[0] = static_cast<double>(now - state->tsc0);
  return nullptr;
}

napi_value MonotonicNsFn(napi_env env, napi_callback_info info) {
  State* state = StateOf(env, info);
  const int64_t now = MonotonicNs();
  if (state != nullptr && state->out != nullptr) state->out[1] = static_cast<double>(now - state->mono0);
  return nullptr;
}

// Runs when the env ends (a worker's exit, or the process's).
void FreeState(napi_env env, void* data, void*) {
  State* state = static_cast<State*>(data);
  if (current == state) current = nullptr;
  if (state->keep != nullptr) napi_delete_reference(env, state->keep);
  delete state;
}

#endif  // LINEPROF_HAVE_TSC

}  // namespace

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  napi_value available = nullptr;
  if (napi_get_boolean(env, LINEPROF_HAVE_TSC != 0, &available) != napi_ok) return nullptr;
#if LINEPROF_HAVE_TSC
  State* state = new State();
  state->env = env;
  if (napi_set_instance_data(env, state, FreeState, nullptr) != napi_ok) {
    delete state;
    return nullptr;
  }
  const napi_property_descriptor properties[] = {
      {"init", nullptr, Init, nullptr, nullptr, nullptr, napi_enumerable, state},
      {"tick", nullptr, Tick, nullptr, nullptr, nullptr, napi_enumerable, state},
      {"monotonicNs", nullptr, MonotonicNsFn, nullptr, nullptr, nullptr, napi_enumerable, state},
      {"available", nullptr, nullptr, nullptr, nullptr, available, napi_enumerable, nullptr},
  };
#else
  const napi_property_descriptor properties[] = {
      {"available", nullptr, nullptr, nullptr, nullptr, available, napi_enumerable, nullptr},
  };
#endif
  if (napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties) != napi_ok) {
    return nullptr;
  }
  return exports;
}
