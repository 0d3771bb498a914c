/** Upper bounds (seconds) of the latency histogram's buckets. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The server's figures in Prometheus' text format (version 0.0.4): requests by route and status, errors, a latency
 * histogram, the inference queue and the process's resident memory.
 */
export class ServerMetrics {
  private readonly requests = new Map<string, number>();
  private errors = 0;
  private readonly counts = new Array<number>(BUCKETS.length).fill(0);
  private sum = 0;
  private observed = 0;

  /** One answered request; `seconds` from its arrival to its answer. */
  record(route: string, status: number, seconds: number): void {
    const key = `route="${route}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    if (status >= 400) this.errors++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) this.counts[i]++;
    this.sum += seconds;
    this.observed++;
  }

  render(queue: { waiting: number; running: number; workers: number }): string {
    const lines = [
      '# HELP audio_dl_requests_total Requests answered, by route and status.',
      '# TYPE audio_dl_requests_total counter',
      ...[...this.requests].map(([labels, n]) => `audio_dl_requests_total{${labels}} ${n}`),
      '# HELP audio_dl_request_errors_total Requests answered with a status of 400 or more.',
      '# TYPE audio_dl_request_errors_total counter',
      `audio_dl_request_errors_total ${this.errors}`,
      '# HELP audio_dl_request_duration_seconds Time from a request to its answer.',
      '# TYPE audio_dl_request_duration_seconds histogram',
      ...BUCKETS.map((b, i) => `audio_dl_request_duration_seconds_bucket{le="${b}"} ${this.counts[i]}`),
      `audio_dl_request_duration_seconds_bucket{le="+Inf"} ${this.observed}`,
      `audio_dl_request_duration_seconds_sum ${this.sum}`,
      `audio_dl_request_duration_seconds_count ${this.observed}`,
      '# HELP audio_dl_queue_length Predictions waiting for a worker.',
      '# TYPE audio_dl_queue_length gauge',
      `audio_dl_queue_length ${queue.waiting}`,
      '# HELP audio_dl_inference_running Predictions being computed.',
      '# TYPE audio_dl_inference_running gauge',
      `audio_dl_inference_running ${queue.running}`,
      '# HELP audio_dl_workers Inference worker threads.',
      '# TYPE audio_dl_workers gauge',
      `audio_dl_workers ${queue.workers}`,
      '# HELP process_resident_memory_bytes Resident memory of the server process (all its threads).',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
