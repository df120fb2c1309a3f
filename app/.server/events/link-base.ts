import type { NetworkInterfaceInfo } from "node:os";

// Where printed, projected and downloaded links point. PUBLIC_URL decides whenever it is set; a
// demo without it has only the address its page was opened at, and a demo opened on this very
// machine (localhost) would print links no phone can reach: it prints the machine's address on
// the local network instead, so a newcomer can scan the demo's projector on the same Wi-Fi.

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

/** A host as it appears in a URL, without IPv6 brackets and in lower case. */
const bare = (host: string) => host.replace(/^\[|\]$/g, "").toLowerCase();

function ipv4(host: string) {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    return null;
  }
  return parts.map(Number);
}

/** A name or address that means "this machine": localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string) {
  const h = bare(host);
  if (LOOPBACK_NAMES.has(h) || h.endsWith(".localhost")) return true;
  return ipv4(h)?.[0] === 127;
}

/**
 * An address no phone outside this machine or its own network reaches: loopback, the private
 * IPv4 ranges (10/8, 172.16/12, 192.168/16), IPv4 link-local (169.254/16), IPv6 unique-local
 * (fc00::/7) and link-local (fe80::/10).
 */
export function isPrivateHost(host: string) {
  const h = bare(host);
  if (isLoopbackHost(h)) return true;
  const v4 = ipv4(h);
  if (v4) {
    const [a, b] = v4 as [number, number];
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (!h.includes(":")) return false;
  const first = parseInt(h.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/** This machine's address on its local network: the first non-internal IPv4 address. */
export function lanAddress(interfaces: Interfaces) {
  for (const list of Object.values(interfaces)) {
    const found = list?.find((info) => info.family === "IPv4" && !info.internal);
    if (found) return found.address;
  }
  return null;
}

export type LinkBase = {
  base: string;
  /** What chose it: PUBLIC_URL, this machine's LAN address (demo), or the request's origin. */
  from: "public_url" | "lan" | "request";
};

/**
 * The base of every link residents follow: PUBLIC_URL; else, in a demo opened on localhost, this
 * machine's LAN address with the request's port; else the origin the page was asked at. Outside
 * demo mode PUBLIC_URL is required at start-up, so a request never chooses the link there.
 */
export function chooseLinkBase(input: {
  publicUrl: string | undefined;
  demo: boolean;
  requestUrl: string;
  interfaces: () => Interfaces;
}): LinkBase {
  if (input.publicUrl) return { base: input.publicUrl, from: "public_url" };
  const url = new URL(input.requestUrl);
  const lan = input.demo && isLoopbackHost(url.hostname) ? lanAddress(input.interfaces()) : null;
  if (!lan) return { base: url.origin, from: "request" };
  url.hostname = lan;
  return { base: url.origin, from: "lan" };
}

export type LinkWarning = "this_machine" | "this_network" | null;

/**
 * Why a printed link may not reach residents: it names this machine, or an address only this
 * network reaches (a private address, or the LAN address a demo chose); none when PUBLIC_URL
 * chose it, which is the operator's decision.
 */
export function linkWarning(choice: LinkBase): LinkWarning {
  if (choice.from === "public_url") return null;
  if (choice.from === "lan") return "this_network";
  const host = new URL(choice.base).hostname;
  if (isLoopbackHost(host)) return "this_machine";
  return isPrivateHost(host) ? "this_network" : null;
}
