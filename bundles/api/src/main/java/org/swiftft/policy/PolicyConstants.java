package org.swiftft.policy;

/**
 * Service properties and event topics shared by the policy engine and the consumers of policies.
 */
public final class PolicyConstants {

    /** Service property naming a policy: the script's file name without {@code .groovy}. */
    public static final String POLICY_NAME = "policy.name";

    /** Service property: absolute path of the script a policy service was compiled from. */
    public static final String POLICY_SOURCE = "policy.source";

    /** Prefix of every policy event topic. */
    public static final String TOPIC_PREFIX = "org/swiftft/policy/";

    /** A script was compiled and its policy is live (first load or replacement). */
    public static final String TOPIC_LOADED = TOPIC_PREFIX + "LOADED";

    /** A script failed to compile or instantiate; the previous version, if any, stays live. */
    public static final String TOPIC_FAILED = TOPIC_PREFIX + "FAILED";

    /** A policy kept missing its deadline and was taken out of service until its script changes. */
    public static final String TOPIC_BROKEN = TOPIC_PREFIX + "BROKEN";

    /** A script was deleted and its service unregistered. */
    public static final String TOPIC_REMOVED = TOPIC_PREFIX + "REMOVED";

    /** Event property: the policy name. */
    public static final String EVENT_POLICY = "policy";

    /** Event property: human-readable reason (error with file:line:column, or what was late). */
    public static final String EVENT_MESSAGE = "message";

    private PolicyConstants() {
    }
}
