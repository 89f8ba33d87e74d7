package io.dataplug.operator.support;

import io.dataplug.core.util.Messages;
import io.dataplug.operator.model.DataplugStatus;
import io.dataplug.operator.model.Reason;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Standard (metav1.Condition) conditions: lastTransitionTime changes only when the status does. */
public final class Conditions {

    public static final String READY = DataplugStatus.READY;
    public static final int MAX_MESSAGE = 2048;

    private Conditions() {
    }

    public static Optional<Condition> get(DataplugStatus status, String type) {
        return status == null ? Optional.empty() : status.condition(type);
    }

    public static boolean isTrue(DataplugStatus status, String type) {
        return get(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Sets the Ready condition. Returns true when its status, reason or message changed (i.e. worth an Event). */
    public static boolean setReady(DataplugStatus status, boolean value, Reason reason, String message, Long generation) {
        String s = value ? "True" : "False";
        String msg = message(message);
        List<Condition> list = status.conditions();
        Condition old = get(status, READY).orElse(null);
        boolean changed = old == null || !s.equals(old.getStatus()) || !Objects.equals(reason.name(), old.getReason())
                || !Objects.equals(msg, old.getMessage());
        String transition = old != null && s.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : now();
        Condition c = new ConditionBuilder().withType(READY).withStatus(s).withReason(reason.name()).withMessage(msg)
                .withLastTransitionTime(transition).withObservedGeneration(generation).build();
        if (old != null) {
            list.set(list.indexOf(old), c);
        } else {
            list.add(c);
        }
        return changed;
    }

    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** What a condition or Event may say: no secret-shaped text, no control characters, at most {@link #MAX_MESSAGE}. */
    public static String message(String text) {
        return truncate(Messages.safe(text));
    }

    public static String truncate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
