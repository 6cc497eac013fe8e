// The least a Node.js HTTP/1.1 client can do per request, as a yardstick for loadline's engine in
// bench/load-throughput.bench.mjs: raw `net` sockets reading into one reused buffer (`onread`),
// writes straight to the libuv handle (as loadline's HandleWriter does), and no parsing, timing or
// statistics at all. It learns the target's response length from the first response and then
// counts responses by bytes, which only works against a server that answers every request with
// the same number of bytes (the bench's nginx does). No real client can do less than this in
// Node: what it costs per request is the runtime's (libuv, the C++ to JavaScript call per read)
// and the kernel's, which is what separates any Node client from wrk.
//
// Run: node bench/lib/nodeFloor.mjs PORT CONNECTIONS PIPELINING SECONDS  (prints {"rps": N})
import net from 'node:net';

const [port, connections, pipelining, seconds] = process.argv.slice(2).map(Number);
if (!(port > 0 && connections > 0 && pipelining > 0 && seconds > 0)) {
  console.error('usage: node bench/lib/nodeFloor.mjs PORT CONNECTIONS PIPELINING SECONDS');
  process.exit(2);
}
const one = Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');
const batch = Buffer.concat(Array.from({ length: pipelining }, () => one));
const wrap = process.binding('stream_wrap');
const readBuffer = Buffer.allocUnsafe(64 * 1024);
let responses = 0;
let running = true;
const sockets = [];

for (let i = 0; i < connections; i++) {
  let handle = null;
  let responseLength = 0;
  let pending = 0;
  const socket = net.connect({
    host: '127.0.0.1',
    port,
    noDelay: true,
    onread: {
      buffer: readBuffer,
      callback: (length) => {
        if (responseLength === 0) {
          // The first response, alone on the wire, gives the length every later one has.
          responseLength = length;
          responses++;
        } else {
          pending += length;
          if (pending < pipelining * responseLength) return true;
          pending -= pipelining * responseLength;
          responses += pipelining;
        }
        if (running) handle.writeBuffer(new wrap.WriteWrap(), batch);
        return true;
      },
    },
  });
  socket.on('connect', () => {
    handle = socket._handle;
    handle.writeBuffer(new wrap.WriteWrap(), one);
  });
  socket.on('error', (error) => {
    console.error(`nodeFloor: ${error.message}`);
    process.exit(1);
  });
  sockets.push(socket);
}

const start = performance.now();
setTimeout(() => {
  running = false;
  const elapsed = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.destroy();
  console.log(JSON.stringify({ rps: responses / elapsed }));
}, seconds * 1000);
