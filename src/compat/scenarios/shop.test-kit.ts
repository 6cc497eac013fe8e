import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback shop for scenario-set tests: requests counted by `METHOD /path` (ids as `:id`). */
export interface Shop {
  url: string;
  counts: Map<string, number>;
  orders: Array<{ sku: number; vu: number; iter: number; scenario: string }>;
  close(): Promise<void>;
}

/** Three products, the second out of stock; orders answer 201 and keep their bodies. */
export async function startShop(): Promise<Shop> {
  const counts = new Map<string, number>();
  const orders: Shop['orders'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const key = `${req.method} ${path.replace(/\/\d+$/, '/:id')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (key === 'GET /products') return json(200, [{ id: 1 }, { id: 2 }, { id: 3 }]);
      if (key === 'GET /stock/:id') return json(200, { inStock: path !== '/stock/2' });
      if (key === 'POST /orders') {
        orders.push(JSON.parse(body));
        return json(201, { ok: true });
      }
      if (key === 'POST /waitlist') return json(202, { ok: true });
      json(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    orders,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
