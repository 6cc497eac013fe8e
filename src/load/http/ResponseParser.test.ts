import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseParser, type ResponseParserSink } from './ResponseParser.js';

interface Parsed {
  status: number;
  body: string;
  bytes: number;
  keepAlive: boolean;
}

/** Feeds `wire` to a parser in pieces cut at `cuts`, collecting complete responses. */
function parse(wire: string, cuts: number[] = [], headRequests = 0): { responses: Parsed[]; errors: string[]; parser: ResponseParser } {
  const responses: Parsed[] = [];
  const errors: string[] = [];
  let current: Parsed = { status: 0, body: '', bytes: 0, keepAlive: true };
  let heads = headRequests;
  const sink: ResponseParserSink = {
    onResponseBegin() {},
    onResponseHead(status) {
      current = { status, body: '', bytes: 0, keepAlive: true };
      return heads-- > 0;
    },
    onResponseBody(chunk, start, end) {
      current.body += chunk.toString('latin1', start, end);
    },
    onResponseComplete(bytes, keepAlive) {
      current.bytes = bytes;
      current.keepAlive = keepAlive;
      responses.push(current);
    },
    onParseError(message) {
      errors.push(message);
    },
  };
  const parser = new ResponseParser(sink);
  const bytes = Buffer.from(wire, 'latin1');
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.execute(bytes.subarray(at, cut));
    at = cut;
  }
  return { responses, errors, parser };
}

const LENGTH = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Other: y\r\n\r\nhello';
const CHUNKED = 'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n';
const NO_CONTENT = 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n';

test('Content-Length, chunked with extensions and trailers, and 204, back to back, cut at every byte', () => {
  const wire = LENGTH + CHUNKED + NO_CONTENT + LENGTH;
  for (let cut = 0; cut <= wire.length; cut++) {
    const { responses, errors } = parse(wire, [cut]);
    assert.deepEqual(errors, [], `cut at ${cut}`);
    assert.deepEqual(responses.map((r) => [r.status, r.body]), [
      [200, 'hello'],
      [201, 'helloabcdefghijklmnopqrstuvwxyz'],
      [204, ''],
      [200, 'hello'],
    ], `cut at ${cut}`);
    assert.deepEqual(responses.map((r) => r.bytes), [LENGTH.length, CHUNKED.length, NO_CONTENT.length, LENGTH.length]);
  }
});

test('one byte at a time', () => {
  const wire = CHUNKED + LENGTH;
  const cuts = Array.from({ length: wire.length }, (_, i) => i);
  const { responses } = parse(wire, cuts);
  assert.deepEqual(responses.map((r) => r.body), ['helloabcdefghijklmnopqrstuvwxyz', 'hello']);
});

test('HEAD response has no body even with Content-Length, and 304 neither', () => {
  const wire = 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n\r\n' + LENGTH;
  const { responses, errors } = parse(wire, [], 1);
  assert.deepEqual(errors, []);
  assert.deepEqual(responses.map((r) => [r.status, r.body]), [[200, ''], [304, ''], [200, 'hello']]);
});

test('1xx interim heads are skipped and counted into the final response', () => {
  const interim = 'HTTP/1.1 100 Continue\r\n\r\n';
  const { responses } = parse(interim + LENGTH);
  assert.equal(responses.length, 1);
  assert.equal(responses[0]!.status, 200);
  assert.equal(responses[0]!.bytes, interim.length + LENGTH.length);
});

test('a body without length or chunking lasts until finish(), and the connection is not kept', () => {
  const { responses, parser } = parse('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart one,', [30]);
  assert.equal(responses.length, 0);
  assert.equal(parser.finish(), 'completed');
  assert.equal(responses.length, 1);
  assert.equal(responses[0]!.body, 'part one,');
  assert.equal(responses[0]!.keepAlive, false);
});

test('Connection: close and HTTP/1.0 without keep-alive end keep-alive; HTTP/1.0 keep-alive keeps it', () => {
  assert.equal(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').responses[0]!.keepAlive, false);
  assert.equal(parse('HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Upgrade\r\nContent-Length: 0\r\n\r\n').responses[0]!.keepAlive, true);
  assert.equal(parse('HTTP/1.1 200 OK\r\nconnection: upgrade, close\r\nContent-Length: 0\r\n\r\n').responses[0]!.keepAlive, false);
  assert.equal(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').responses[0]!.keepAlive, false);
  assert.equal(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').responses[0]!.keepAlive, true);
});

test('finish() tells idle from truncated', () => {
  assert.equal(parse(LENGTH).parser.finish(), 'idle');
  assert.equal(parse(LENGTH.slice(0, -2)).parser.finish(), 'truncated');
  assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Le').parser.finish(), 'truncated');
});

test('garbage and bad framing are parse errors', () => {
  assert.equal(parse('SSH-2.0-OpenSSH_9.6\r\n\r\n').errors.length, 1);
  assert.equal(parse('HTTP/1.1 2x0 OK\r\n\r\n').errors.length, 1);
  assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n').errors.length, 1);
  assert.equal(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n').errors.length, 1);
  assert.equal(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX').errors.length, 1);
  assert.equal(parse('HTTP/1.1 200 OK\r\nBad header line\r\n\r\n').errors.length, 1);
});

test('the head reports whether a Set-Cookie may be present: any case, whitespace before the colon counts', () => {
  const seen: boolean[] = [];
  const sink: ResponseParserSink = {
    onResponseBegin() {},
    onResponseHead(_status, _chunk, _start, _end, _keepAlive, setsCookie) {
      seen.push(setsCookie);
      return false;
    },
    onResponseBody() {},
    onResponseComplete() {},
    onParseError(message) {
      assert.fail(message);
    },
  };
  const parser = new ResponseParser(sink);
  const heads = [
    'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nX-Set-Cookie: no\r\nset-cookiex: no\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nSET-COOKIE: b=2\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nSet-Cookie : c=3\r\nContent-Length: 0\r\n\r\n',
  ];
  parser.execute(Buffer.from(heads.join(''), 'latin1'));
  assert.deepEqual(seen, [false, true, false, true, true]);
});

test('a head repeated byte for byte is compared, not parsed: a head of the same length that differs anywhere is parsed afresh', () => {
  const head = (length: number, extra = 'x-a: 1') => `HTTP/1.1 200 OK\r\n${extra}\r\nContent-Length: ${length}\r\n\r\n`;
  const wire = [
    `${head(5)}hello`,
    `${head(5)}world`,
    // Same length, one digit apart: a stale Content-Length would cut this body at 5.
    `${head(6)}abcdef`,
    `${head(5)}hello`,
    `${head(5, 'x-b: 2')}again`,
    `HTTP/1.1 404 OK\r\nx-a: 1\r\nContent-Length: 5\r\n\r\nnope!`,
    `HTTP/1.1 200 OK\r\nx-a: 1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
    `${head(5)}hello`,
    `${head(5)}hello`,
    'HTTP/1.1 200 OK\r\nx-a: 1\r\nConnection:  close\r\n\r\nuntil close',
  ].join('');
  // Whole, and cut at every byte (a repeated head cut in two is parsed from the joined pieces).
  for (let cut = 0; cut <= wire.length; cut++) {
    const { responses, errors, parser } = parse(wire, [cut]);
    parser.finish();
    assert.deepEqual(errors, [], `cut at ${cut}`);
    assert.deepEqual(
      responses.map((r) => `${r.status} ${r.body} ${r.keepAlive}`),
      ['200 hello true', '200 world true', '200 abcdef true', '200 hello true', '200 again true', '404 nope! true', '200 abc true', '200 hello true', '200 hello true', '200 until close false'],
      `cut at ${cut}`,
    );
  }
});

test('a repeated head is compared eight bytes at a time and then byte by byte: a one-digit difference is found at every alignment', () => {
  // The padding moves the differing Content-Length digit through every offset modulo 8, and
  // through the tail shorter than eight bytes; NUL and 0xFF runs (zero and NaN as float64) too.
  for (let pad = 0; pad < 24; pad++) {
    for (const filler of ['p', '\0', '\xff']) {
      const head = (length: number) => `HTTP/1.1 200 OK\r\nx-pad: ${filler.repeat(pad)}\r\nContent-Length: ${length}\r\n\r\n`;
      const { responses, errors } = parse(`${head(5)}hello${head(5)}world${head(6)}abcdef${head(6)}ghijkl${head(5)}again`);
      assert.deepEqual(errors, [], `pad ${pad}`);
      assert.deepEqual(responses.map((r) => r.body), ['hello', 'world', 'abcdef', 'ghijkl', 'again'], `pad ${pad} of ${JSON.stringify(filler)}`);
    }
  }
});

test('heads that differ every time stop being compared for a while, and parse the same', () => {
  const wire = Array.from({ length: 40 }, (_, i) => `HTTP/1.1 200 OK\r\nx-n: ${String(i).padStart(2, '0')}\r\nContent-Length: 2\r\n\r\n${String(i).padStart(2, '0')}`).join('');
  const { responses, errors } = parse(wire);
  assert.deepEqual(errors, []);
  assert.deepEqual(responses.map((r) => r.body), Array.from({ length: 40 }, (_, i) => String(i).padStart(2, '0')));
});

test('repeated heads read into one reused buffer (as plain connections read) are compared through its view', () => {
  const readBuffer = Buffer.alloc(256);
  const bodies: string[] = [];
  const statuses: number[] = [];
  const parser = new ResponseParser(
    {
      onResponseBegin() {},
      onResponseHead(status) {
        statuses.push(status);
        bodies.push('');
        return false;
      },
      onResponseBody(chunk, start, end) {
        bodies[bodies.length - 1] += chunk.toString('latin1', start, end);
      },
      onResponseComplete() {},
      onParseError(message) {
        throw new Error(message);
      },
    },
    readBuffer,
  );
  const responses = ['hello', 'world', 'abcdef', 'hello', 'hi'].map((body, i) => `HTTP/1.1 ${i === 4 ? 404 : 200} OK\r\nx-a: 1\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  // Each read lands at the start of the same buffer, overwriting the last one.
  for (const wire of [...responses, ...responses]) parser.execute(readBuffer, readBuffer.write(wire, 0, 'latin1'));
  assert.deepEqual(bodies, ['hello', 'world', 'abcdef', 'hello', 'hi', 'hello', 'world', 'abcdef', 'hello', 'hi']);
  assert.deepEqual(statuses, [200, 200, 200, 200, 404, 200, 200, 200, 200, 404]);
});
