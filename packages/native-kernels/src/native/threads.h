// A small pool of threads per calling thread, for splitting one product across cores. Each JavaScript thread that
// loads the addon gets its own pool (off until setThreadCount), so data-parallel worker threads never share one.
#pragma once
#include <functional>

namespace audiodl {

// Threads this calling thread's products may use, itself included (1: run on the caller alone).
void setThreadCount(int threads);
int threadCount();

// Runs body(part) for every part in [0, parts): part p on pool thread p % threads (the caller is thread 0), so the
// split never depends on timing. Returns when all parts are done; an exception thrown by any part (on any thread)
// is rethrown here once no thread still runs body.
void parallelFor(int parts, const std::function<void(int)>& body);

// Test hook: the next pooled parallelFor throws std::bad_alloc from a worker thread or from the caller's own part.
enum class Fault { None = 0, Worker = 1, Caller = 2 };
void injectFault(Fault fault);

}  // namespace audiodl
