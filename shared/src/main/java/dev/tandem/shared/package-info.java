/**
 * What the gateway and the was-nodes share: the header names of the outside contract, the
 * member id rules, and the one-sentence start-up error for a bad property. Plain Java and
 * Spring Boot's failure analysis only: no web stack, no Hazelcast.
 */
package dev.tandem.shared;
