// Restart policy: what SwiFT does when a watched application crashes or hangs.
//
//   1. Restart it, waiting a little longer after each failure in a row
//      (1 s, 2 s, 4 s, ... up to 60 s), plus up to 20 % random jitter so that
//      many applications failing together do not all restart at the same instant.
//   2. Once an application has run for STABLE_AFTER without failing, the next
//      failure counts as the first again.
//   3. If it fails more than REBOOT_THRESHOLD times within WINDOW, restarting is
//      not helping: escalate. Move it to a backup host if the application is
//      clustered (ESCALATE_TO = 'failover'), or reboot this host ('reboot'),
//      or leave it stopped for an operator ('stop').
//
// Change a number below and save: the runtime reloads this file at once.
// If the file has an error, the previous version keeps running and
// `policy:list` shows the error with its line number.

import org.swiftft.policy.*

class Restart implements RestartPolicy {

    static final long FIRST_DELAY_MS   = 1_000      // wait before the first restart
    static final long MAX_DELAY_MS     = 60_000     // never wait longer than this
    static final double JITTER         = 0.20       // up to 20 % more, at random
    static final long STABLE_AFTER_MS  = 5 * 60_000 // running this long resets the backoff
    static final int  REBOOT_THRESHOLD = 5          // failures ...
    static final long WINDOW_MS        = 10 * 60_000 // ... within this window escalate
    static final String ESCALATE_TO    = 'failover' // 'failover', 'reboot' or 'stop'

    RestartDecision onFailure(FailureContext failure) {
        int recent = failure.failuresWithin(WINDOW_MS)
        if (recent > REBOOT_THRESHOLD) {
            String why = "${recent} failures in ${WINDOW_MS.intdiv(60_000)} min (threshold ${REBOOT_THRESHOLD})"
            switch (ESCALATE_TO) {
                case 'reboot': return RestartDecision.reboot(why)
                case 'stop':   return RestartDecision.stop(why)
                default:       return RestartDecision.failover(why)
            }
        }

        // Failures in a row; a long enough run starts the count again.
        int inARow = failure.upMillis() >= STABLE_AFTER_MS ? 1 : Math.max(1, failure.consecutive())

        // 1 s, 2 s, 4 s, ... capped, then jitter on top.
        long delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * (1L << Math.min(inARow - 1, 20)))
        delay += (long) (delay * JITTER * Math.random())

        return RestartDecision.restartAfter(delay, "failure ${inARow} in a row, restart in ${delay} ms")
    }
}
