package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;

import java.time.LocalDate;

/**
 * Which admin notices are due: one per address a day, so that an author nobody can find is
 * reported once, not with every build.
 */
public interface Notices {
    /** Every notice is due (no memory of earlier ones). */
    Notices EVERY_TIME = (email, day, about, deadline) -> true;

    /**
     * Notes that {@code about} reports {@code email} on {@code day}, unless another notification did
     * first; in one conditional write, so that of concurrent notifications one wins. Asking again for
     * the same notification (a retry after a partial failure) answers true again, so that the notice
     * it owes is still sent (its marker keeps it from being sent twice).
     *
     * @param email the address, in any case (one per address, case-insensitively)
     * @return whether {@code about} is the notification that reports it that day
     */
    boolean firstToday(String email, LocalDate day, NotificationKey about, Deadline deadline);
}
