package io.codebuildnotifier.interactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.codebuildnotifier.notification.ActionIds;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The ids and argument names the notifications carry ({@link ActionIds}, in {@code notification}, which may not
 * depend on this package) are the ones the interactions read ({@link Actions}): every constant of the one is in the
 * other, by name, with the same value.
 */
class ActionIdsMatchTest {
    private static Map<String, String> constants(Class<?> type) throws IllegalAccessException {
        Map<String, String> constants = new TreeMap<>();
        for (Field field : type.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == String.class) {
                constants.put(field.getName(), (String) field.get(null));
            }
        }
        return constants;
    }

    @Test
    void everyIdTheNotificationsCarryIsTheOneTheInteractionsRead() throws IllegalAccessException {
        Map<String, String> carried = constants(ActionIds.class);
        Map<String, String> read = constants(Actions.class);
        assertFalse(carried.isEmpty());
        carried.forEach((name, value) -> assertEquals(value, read.get(name), "Actions." + name));
    }
}
