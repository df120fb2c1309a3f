import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import type { Interfaces } from "../../app/.server/events/link-base";
import {
  chooseLinkBase,
  isLoopbackHost,
  isPrivateHost,
  lanAddress,
  linkWarning,
} from "../../app/.server/events/link-base";

// Which base printed links get, and when the poster warns. Interfaces are injected: nothing here
// looks at this machine's network, and nothing is requested.

const nic = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal }) as NetworkInterfaceInfo;

const machine: Interfaces = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  docker0: [nic("fe80::1", "IPv6")],
  wlan0: [nic("fd00::5", "IPv6"), nic("192.168.1.23", "IPv4")],
  eth1: [nic("10.0.0.9", "IPv4")],
};

describe("address classification", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["pufa.localhost", true],
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["[::1]", true],
    ["::1", true],
    ["192.168.1.23", false],
    ["128.0.0.1", false],
  ])("%s is this machine: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it.each([
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["172.15.0.1", false],
    ["172.32.0.1", false],
    ["192.168.0.10", true],
    ["192.169.0.10", false],
    ["169.254.3.4", true],
    ["[fc00::1]", true],
    ["fd12:3456::1", true],
    ["[fe80::1]", true],
    ["febf::1", true],
    ["fec0::1", false],
    ["2001:db8::1", false],
    ["8.8.8.8", false],
    ["pufa.example.org", false],
    ["10.0.0", false],
    ["300.1.1.1", false],
    ["localhost", true],
    ["127.0.0.1", true],
  ])("%s is private: %s", (host, isPrivate) => {
    expect(isPrivateHost(host)).toBe(isPrivate);
  });

  it("takes the first non-internal IPv4 address as this machine's LAN address", () => {
    expect(lanAddress(machine)).toBe("192.168.1.23");
    expect(lanAddress({ lo: machine.lo, v6: [nic("fd00::5", "IPv6")] })).toBeNull();
    expect(lanAddress({})).toBeNull();
  });
});

describe("the link base", () => {
  const choose = (requestUrl: string, more: { demo?: boolean; publicUrl?: string } = {}) =>
    chooseLinkBase({
      publicUrl: more.publicUrl,
      demo: more.demo ?? true,
      requestUrl,
      interfaces: () => machine,
    });

  it("is PUBLIC_URL whenever it is set, in a demo opened on localhost too", () => {
    const choice = choose("http://localhost:3000/events/1/poster", {
      publicUrl: "https://pufa.example.org",
    });
    expect(choice).toEqual({ base: "https://pufa.example.org", from: "public_url" });
    expect(linkWarning(choice)).toBeNull();
  });

  it("is this machine's LAN address with the request's port in a demo opened on localhost", () => {
    for (const url of [
      "http://localhost:3000/x",
      "http://127.0.0.1:3000/x",
      "http://[::1]:3000/x",
    ]) {
      const choice = choose(url);
      expect(choice).toEqual({ base: "http://192.168.1.23:3000", from: "lan" });
      expect(linkWarning(choice)).toBe("this_network");
    }
    expect(choose("http://localhost/x").base).toBe("http://192.168.1.23");
  });

  it("is never the LAN address outside demo mode", () => {
    const choice = choose("http://localhost:3000/x", { demo: false });
    expect(choice).toEqual({ base: "http://localhost:3000", from: "request" });
    expect(linkWarning(choice)).toBe("this_machine");
  });

  it("stays on localhost when the machine has no LAN address, and warns", () => {
    const choice = chooseLinkBase({
      publicUrl: undefined,
      demo: true,
      requestUrl: "http://127.0.0.1:3000/x",
      interfaces: () => ({ lo: machine.lo }),
    });
    expect(choice).toEqual({ base: "http://127.0.0.1:3000", from: "request" });
    expect(linkWarning(choice)).toBe("this_machine");
  });

  it("is the address the page was opened at otherwise, warning for a private one only", () => {
    const lan = choose("http://10.0.0.9:3000/x");
    expect(lan).toEqual({ base: "http://10.0.0.9:3000", from: "request" });
    expect(linkWarning(lan)).toBe("this_network");
    const v6 = choose("http://[fd00::5]:3000/x");
    expect(linkWarning(v6)).toBe("this_network");
    const outside = choose("https://demo.example.org/x");
    expect(outside).toEqual({ base: "https://demo.example.org", from: "request" });
    expect(linkWarning(outside)).toBeNull();
  });
});
