package org.swiftft.cluster;

import java.util.List;

/**
 * One fail-over: an application moved from one member to another.
 */
public class FailoverDTO {

    /** Why it moved. */
    public enum Trigger {
        /** The primary's member left the view. */
        HOST_LOST,
        /** The detector's restart policy said {@code FAILOVER}. */
        ESCALATED,
        /** An operator asked ({@code cluster:failover}, {@code cluster:leave}). */
        PLANNED
    }

    /** How it ended. */
    public enum Outcome {
        IN_PROGRESS,
        SUCCEEDED,
        /** No candidate could start it; the application is DOWN. */
        FAILED
    }

    public String application;
    public Trigger trigger;
    /** The previous primary, or {@code null}. */
    public String from;
    /** The new primary, or {@code null} if it failed. */
    public String to;
    /** Members tried, in order, the successful one last. */
    public List<String> tried = List.of();
    /** The new primaryship's epoch. */
    public long epoch;
    public Outcome outcome;
    /** When it started: for HOST_LOST, when the member left the view. */
    public long startedAt;
    /** From start until the application ran on the new primary; 0 while in progress. */
    public long durationMillis;
    /** One line for the operator: why, and for a failure, what each candidate answered. */
    public String message;
}
