/**
 * {@code java -jar gateway.jar import FILE...}: reads an httpd or mod_jk front's
 * configuration ({@code <Proxy balancer://>} sections, {@code ProxyPass},
 * {@code workers.properties}, {@code uriworkermap.properties}, {@code JkMount}) into a
 * neutral model of the old front, then translates that model into Tandem's properties,
 * each approximation or gap marked with a comment. Runs without starting the gateway and
 * depends on no other package of it.
 */
package dev.tandem.gateway.importer;
