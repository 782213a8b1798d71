package org.swiftft.rejuvenation;

/**
 * Service properties, event topics and event properties of rejuvenation.
 */
public final class RejuvenationConstants {

    /** Service property of a {@link SymptomMonitor}: the symptom's name, such as {@code memory.rss}. */
    public static final String SYMPTOM_NAME = "symptom.name";

    /** Prefix of every rejuvenation event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/rejuvenation/";

    /** The policy decided to rejuvenate an application; the action follows. */
    public static final String TOPIC_REJUVENATING = TOPIC_PREFIX + "REJUVENATING";
    /** A monitor kept failing or missing its deadline for an application. */
    public static final String TOPIC_MONITOR_FAILED = TOPIC_PREFIX + "MONITOR_FAILED";

    /** Event property: the application's name (String). */
    public static final String EVENT_APPLICATION = "application";
    /** Event property: the symptom's name (String). */
    public static final String EVENT_SYMPTOM = "symptom";
    /** Event property: a {@link org.swiftft.policy.RejuvenationDecision.Action} name (String). */
    public static final String EVENT_ACTION = "action";
    /** Event property: predicted milliseconds to the limit (Long). */
    public static final String EVENT_MILLIS_TO_LIMIT = "millis.to.limit";
    /** Event property: one line for the operator (String). */
    public static final String EVENT_MESSAGE = "message";

    private RejuvenationConstants() {
    }
}
