package dev.baton.taskqueue;

import java.util.regex.Pattern;

/**
 * Validation of Cloud Tasks resource ids, with Cloud Tasks' own character rules, so a name we accept is one
 * Google would accept too.
 */
public final class ResourceNames {

    /** Project ids: letters, digits, hyphens, and the domain-scoped form {@code example.com:my-project}. */
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9.:-]{1,100}");
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9-]{1,63}");
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9-]{1,100}");
    private static final Pattern TASK = Pattern.compile("[A-Za-z0-9_-]{1,500}");

    private ResourceNames() {
    }

    /** {@code projects/{p}/locations/{l}} after checking both ids. */
    public static String parent(String project, String location) {
        if (!PROJECT.matcher(project).matches()) {
            throw TaskQueueException.invalid("Invalid project id '" + project + "'");
        }
        if (!LOCATION.matcher(location).matches()) {
            throw TaskQueueException.invalid("Invalid location id '" + location + "'");
        }
        return "projects/" + project + "/locations/" + location;
    }

    /** Full queue name after checking the queue id. */
    public static String queue(String parent, String queueId) {
        if (!QUEUE.matcher(queueId).matches()) {
            throw TaskQueueException.invalid("Invalid queue id '" + queueId
                    + "': it must be 1 to 100 letters ([A-Za-z]), digits ([0-9]) or hyphens (-)");
        }
        return parent + "/queues/" + queueId;
    }

    /** Checks a task id. */
    public static String taskId(String taskId) {
        if (!TASK.matcher(taskId).matches()) {
            throw TaskQueueException.invalid("Invalid task id '" + taskId
                    + "': it must be 1 to 500 letters ([A-Za-z]), digits ([0-9]), hyphens (-) or underscores (_)");
        }
        return taskId;
    }

    /** The last path segment of a resource name. */
    public static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
