// Restart policy: what SwiFT does when a watched application crashes or hangs.
//
//   1. The first failure after a stable run: restart at once.
//   2. Failures in a row: wait a little longer each time (100 ms, 200 ms,
//      400 ms, ... up to 30 s), plus up to 20 % random jitter so that many
//      applications failing together do not all restart at the same instant.
//   3. Once an application has run for STABLE_AFTER without failing, the next
//      failure counts as the first again.
//   4. At REBOOT_THRESHOLD failures within WINDOW, restarting is not helping:
//      escalate. Move the application to a backup host if it is clustered
//      (ESCALATE_TO = 'failover'), reboot this host ('reboot': runs the
//      configured reboot command), or leave it stopped for an operator ('stop').
//
// Change a number below and save: the runtime reloads this file at once.
// If the file has an error, the previous version keeps running and
// `policy:list` shows the error with its line number.

import org.swiftft.policy.*

class Restart implements RestartPolicy {

    static final long FIRST_BACKOFF_MS = 100      // wait before the second restart in a row
    static final long MAX_DELAY_MS     = 30_000   // never wait longer than this
    static final double JITTER         = 0.20     // up to 20 % more, at random
    static final long STABLE_AFTER_MS  = 60_000   // running this long resets the backoff
    static final int  REBOOT_THRESHOLD = 5        // failures ...
    static final long WINDOW_MS        = 60_000   // ... within this window escalate
    static final String ESCALATE_TO    = 'failover' // 'failover', 'reboot' or 'stop'

    RestartDecision onFailure(FailureContext failure) {
        int recent = failure.failuresWithin(WINDOW_MS)
        if (recent >= REBOOT_THRESHOLD) {
            String why = "${recent} failures in ${WINDOW_MS.intdiv(1000)} s (threshold ${REBOOT_THRESHOLD})"
            switch (ESCALATE_TO) {
                case 'reboot': return RestartDecision.reboot(why)
                case 'stop':   return RestartDecision.stop(why)
                default:       return RestartDecision.failover(why)
            }
        }

        // Failures in a row; a long enough run starts the count again.
        int inARow = failure.upMillis() >= STABLE_AFTER_MS ? 1 : Math.max(1, failure.consecutive())
        if (inARow == 1) {
            return RestartDecision.restartAfter(0, "first failure in a row: restart at once")
        }

        // 100 ms, 200 ms, 400 ms, ... capped, then jitter on top.
        long delay = Math.min(MAX_DELAY_MS, FIRST_BACKOFF_MS * (1L << Math.min(inARow - 2, 20)))
        delay += (long) (delay * JITTER * Math.random())
        return RestartDecision.restartAfter(delay, "failure ${inARow} in a row, restart in ${delay} ms")
    }
}
