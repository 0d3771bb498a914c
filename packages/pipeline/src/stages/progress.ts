/**
 * Progress over a known number of steps: a rewritten line on a terminal, otherwise a plain line at
 * every tenth (so Nx logs and CI stay short).
 */
export interface Progress {
  tick(n?: number): void;
  done(): void;
}

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  const tty = stream.isTTY === true;
  let count = 0;
  let nextPlain = Math.ceil(total / 10);
  const line = (): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const eta = rate > 0 ? Math.round((total - count) / rate) : 0;
    return `${label}: ${count}/${total} (${rate.toFixed(1)}/s, eta ${eta} s)`;
  };
  return {
    tick(n = 1) {
      count += n;
      if (tty) stream.write(`\r${line()}\x1b[K`);
      else if (count >= nextPlain && count < total) {
        stream.write(`${line()}\n`);
        nextPlain = count + Math.ceil(total / 10);
      }
    },
    done() {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? '\r' : ''}${label}: ${count}/${total} in ${seconds} s${tty ? '\x1b[K' : ''}\n`);
    },
  };
}
