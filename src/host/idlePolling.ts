// Idle polling on request: writing 0 to /dev/cpu_dma_latency and keeping the
// file open asks the kernel (PM QoS) to leave CPUs only for states with no
// exit latency, i.e. to poll, as cyclictest does by default. Closing the file
// — or the process dying — releases it.
import { closeSync, openSync, writeSync } from 'node:fs';

const DMA_LATENCY_PATH = '/dev/cpu_dma_latency';

export interface IdlePollingHold {
  release(): void;
}

/** Holds idle polling until release(); throws an Error saying why it cannot. */
export function holdIdlePolling(path = DMA_LATENCY_PATH): IdlePollingHold {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
    const zero = Buffer.alloc(4);
    zero.writeInt32LE(0);
    writeSync(fd, zero);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(
      `cannot hold ${path} at 0 (${code}): idle polling needs write access to it (root, or a udev rule granting it)`,
      { cause: error },
    );
  }
  let held = true;
  return {
    release() {
      if (held) closeSync(fd);
      held = false;
    },
  };
}
