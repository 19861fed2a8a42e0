package dev.baton.taskqueue.rest;

import dev.baton.taskqueue.TaskQueueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** pageSize and opaque pageToken handling shared by the list calls. */
final class Paging {

    /** Cloud Tasks' maximum (and default, for pageSize 0) for ListTasks; we use it for ListQueues too. */
    static final int MAX_PAGE = 1000;

    private Paging() {
    }

    static int size(String pageSize) {
        if (pageSize == null || pageSize.isEmpty()) {
            return MAX_PAGE;
        }
        try {
            int n = Integer.parseInt(pageSize);
            if (n < 0) {
                throw TaskQueueException.invalid("pageSize must not be negative, got " + n);
            }
            return n == 0 ? MAX_PAGE : Math.min(n, MAX_PAGE);
        } catch (NumberFormatException e) {
            throw TaskQueueException.invalid("pageSize must be an integer, got '" + pageSize + "'");
        }
    }

    static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the cursor, or {@code empty} for the first page */
    static String decode(String token, String empty) {
        if (token == null || token.isEmpty()) {
            return empty;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw TaskQueueException.invalid("Invalid pageToken");
        }
    }
}
