/**
 * What the gateway changes in a member's answer so that it names the gateway, not the
 * member: absolute URLs of any member in {@code Location}, {@code Content-Location} and
 * {@code Refresh} become the address the client used, and a cookie's {@code Domain} that
 * names a member is dropped; and whether the client's {@code Host} is sent on.
 */
package dev.tandem.gateway.proxy;
