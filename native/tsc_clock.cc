// tsc_clock: the optional native clock of lineprof's exact engine (see src/runtime/clock.ts).
//
// JS hands over a Float64Array once (`init(buf)`); each `tick()` then executes `rdtsc` and
// writes the tick count into buf[0], returning undefined. Returning the value instead would
// make V8 allocate a heap number per call (~28 ns here), more than the call itself (~10 ns).
//
//   init(buf: Float64Array /* length >= 2 */): void
//   tick(): void          buf[0] = TSC ticks since init()
//   monotonicNs(): void   buf[1] = CLOCK_MONOTONIC nanoseconds since init()
//   available: boolean    false where the addon was built without a TSC (not x86-64)
//
// Both values count from init() so that they stay far below 2^53 and convert to double
// exactly. Plain V8 API (NODE_SET_METHOD): Node 20 has no V8 Fast API calls for addons.
// Context-aware (NODE_MODULE_INIT): each thread or context that loads the addon gets its
// own state, passed to the functions as their data, so Workers don't share a pointer.

#include <node.h>
#include <v8.h>

#include <cstdint>
#include <memory>

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
  double* out = nullptr;                      // buf's first element, or null before init()
  std::shared_ptr<v8::BackingStore> keep;     // keeps buf's memory alive
  uint64_t tsc0 = 0;
  int64_t mono0 = 0;
};

inline int64_t MonotonicNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

inline State* StateOf(const v8::FunctionCallbackInfo<v8::Value>& args) {
  return static_cast<State*>(args.Data().As<v8::External>()->Value());
}

void Init(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (args.Length() < 1 || !args[0]->IsFloat64Array()) {
    isolate->ThrowException(v8::Exception::TypeError(
        v8::String::NewFromUtf8Literal(isolate, "init(buf): buf must be a Float64Array")));
    return;
  }
  v8::Local<v8::Float64Array> arr = args[0].As<v8::Float64Array>();
  if (arr->Length() < 2) {
    isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(isolate, "init(buf): buf needs at least 2 elements")));
    return;
  }
  State* state = StateOf(args);
  state->keep = arr->Buffer()->GetBackingStore();
  state->out = reinterpret_cast<double*>(static_cast<char*>(state->keep->Data()) +
                                         arr->ByteOffset());
  state->tsc0 = __rdtsc();
  state->mono0 = MonotonicNs();
  state->out[0] = 0;
  state->out[1] = 0;
}

void Tick(const v8::FunctionCallbackInfo<v8::Value>& args) {
  State* state = StateOf(args);
  const uint64_t now = __rdtsc();
  if (state->out != nullptr) state->out[0] = static_cast<double>(now - state->tsc0);
}

void MonotonicNsFn(const v8::FunctionCallbackInfo<v8::Value>& args) {
  State* state = StateOf(args);
  const int64_t now = MonotonicNs();
  if (state->out != nullptr) state->out[1] = static_cast<double>(now - state->mono0);
}

void SetMethod(v8::Local<v8::Context> context, v8::Local<v8::Object> target, const char* name,
               v8::FunctionCallback callback, v8::Local<v8::External> data) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::FunctionTemplate> tpl = v8::FunctionTemplate::New(
      isolate, callback, data, v8::Local<v8::Signature>(), 0,
      v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasSideEffect);
  v8::Local<v8::String> key = v8::String::NewFromUtf8(isolate, name).ToLocalChecked();
  v8::Local<v8::Function> fn = tpl->GetFunction(context).ToLocalChecked();
  fn->SetName(key);
  target->Set(context, key, fn).Check();
}

void FreeState(void* arg) { delete static_cast<State*>(arg); }

#endif  // LINEPROF_HAVE_TSC

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  v8::Isolate* isolate = context->GetIsolate();
#if LINEPROF_HAVE_TSC
  State* state = new State();
  node::AddEnvironmentCleanupHook(isolate, FreeState, state);
  v8::Local<v8::External> data = v8::External::New(isolate, state);
  SetMethod(context, exports, "init", Init, data);
  SetMethod(context, exports, "tick", Tick, data);
  SetMethod(context, exports, "monotonicNs", MonotonicNsFn, data);
#endif
  exports
      ->Set(context, v8::String::NewFromUtf8Literal(isolate, "available"),
            v8::Boolean::New(isolate, LINEPROF_HAVE_TSC != 0))
      .Check();
}
