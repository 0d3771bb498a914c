#include "threads.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace audiodl {
namespace {

class Pool {
 public:
  explicit Pool(int size) : size_(size) {
    for (int index = 1; index < size; index++) workers_.emplace_back([this, index] { serve(index); });
  }

  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  int size() const { return size_; }

  void run(int parts, const std::function<void(int)>& body) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &body;
      parts_ = parts;
      pending_ = size_ - 1;
      generation_++;
    }
    wake_.notify_all();
    for (int part = 0; part < parts; part += size_) body(part);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
  }

 private:
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
      for (int part = index; part < parts; part += size_) (*body)(part);
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

}  // namespace audiodl
