#include "threads.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace audiodl {
namespace {

// A fault armed by injectFault, thrown by the next part that runs on the thread it names.
std::atomic<int> armedFault{static_cast<int>(Fault::None)};

class Pool {
 public:
  // A thread that cannot start (std::system_error) stops those already started, which a destructor would not
  // (joinable threads destroyed unjoined end the process), and the error goes on to the caller.
  explicit Pool(int size) : size_(size) {
    try {
      for (int index = 1; index < size; index++) workers_.emplace_back([this, index] { serve(index); });
    } catch (...) {
      stopWorkers();
      throw;
    }
  }

  ~Pool() { stopWorkers(); }

  int size() const { return size_; }

  // Every thread runs its parts; the first exception (from any thread) stops the parts not yet started and is
  // rethrown here, but only once every worker has let go of body, which lives on the caller's stack.
  void run(int parts, const std::function<void(int)>& body) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &body;
      parts_ = parts;
      pending_ = size_ - 1;
      failure_ = nullptr;
      failed_.store(false);
      started_.store(0);
      generation_++;
    }
    wake_.notify_all();
    runParts(0, parts, body);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    if (failure_) {
      std::exception_ptr failure = failure_;
      failure_ = nullptr;
      std::rethrow_exception(failure);
    }
  }

 private:
  // The injected fault. The caller's waits until every worker has taken up the call, so that it fails while they
  // still run body (the case where returning early would leave them calling a destroyed callback).
  void maybeThrowInjected(int index, int parts) {
    const int armed = armedFault.load();
    if (armed == static_cast<int>(Fault::None)) return;
    const bool caller = armed == static_cast<int>(Fault::Caller);
    int expected = armed;
    if (caller != (index == 0) || !armedFault.compare_exchange_strong(expected, static_cast<int>(Fault::None))) return;
    while (caller && started_.load() < std::min(parts, size_) - 1) std::this_thread::yield();
    throw std::bad_alloc();
  }

  void runParts(int index, int parts, const std::function<void(int)>& body) {
    if (index > 0 && index < parts) started_.fetch_add(1);
    try {
      for (int part = index; part < parts && !failed_.load(); part += size_) {
        maybeThrowInjected(index, parts);
        body(part);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
      failed_.store(true);
    }
  }

  void stopWorkers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  void serve(int index) {
    long seen = 0;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      const std::function<void(int)>* body = job_;
      const int parts = parts_;
      lock.unlock();
      runParts(index, parts, *body);
      lock.lock();
      if (--pending_ == 0) done_.notify_one();
    }
  }

  const int size_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int)>* job_ = nullptr;
  int parts_ = 0;
  int pending_ = 0;
  long generation_ = 0;
  bool stop_ = false;
  std::exception_ptr failure_;
  std::atomic<bool> failed_{false};
  std::atomic<int> started_{0};
};

thread_local std::unique_ptr<Pool> pool;

}  // namespace

void setThreadCount(int threads) {
  if (threads < 1) threads = 1;
  if (threads == threadCount()) return;
  pool.reset(threads > 1 ? new Pool(threads) : nullptr);
}

int threadCount() { return pool ? pool->size() : 1; }

void parallelFor(int parts, const std::function<void(int)>& body) {
  if (!pool || parts <= 1) {
    for (int part = 0; part < parts; part++) body(part);
    return;
  }
  pool->run(parts, body);
}

void injectFault(Fault fault) { armedFault.store(static_cast<int>(fault)); }

}  // namespace audiodl
