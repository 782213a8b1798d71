package org.swiftft.cluster;

/**
 * Who serves a clustered application, under which epoch. Every fail-over, planned or not, starts a
 * new primaryship with a greater epoch; anything carrying an older epoch comes from a deposed
 * primary and must be refused.
 *
 * @param application the application's name
 * @param host        the member that is primary
 * @param epoch       increases with every change of primary; never reused
 */
public record Primaryship(String application, String host, long epoch) {
}
