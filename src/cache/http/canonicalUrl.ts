function nameOf(param: string): string {
  const eq = param.indexOf('=');
  return eq === -1 ? param : param.slice(0, eq);
}

function byName(a: string, b: string): number {
  const x = nameOf(a);
  const y = nameOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Path plus query with parameters sorted by name, so `?b=1&a=2` and `?a=2&b=1` share an entry;
 * a repeated parameter keeps the order of its values (`?a=2&a=1` is not `?a=1&a=2`: most
 * applications read the first).
 *
 * @example
 * canonicalUrl('/p?tag=z&id=1&tag=a'); // '/p?id=1&tag=z&tag=a'
 */
export function canonicalUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url.slice(q + 1).split('&').filter(Boolean);
  if (params.length === 0) return url.slice(0, q);
  // Array.prototype.sort is stable: values of one name stay in request order.
  if (params.length > 1) params.sort(byName);
  return `${url.slice(0, q)}?${params.join('&')}`;
}
