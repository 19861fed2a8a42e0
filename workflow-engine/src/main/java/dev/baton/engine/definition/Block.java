package dev.baton.engine.definition;

import java.util.List;
import java.util.Map;

/**
 * A list of steps executed in order (a subworkflow body, a for body, a branch, a try body...). The id is the
 * block's index in {@link Workflow#blocks()}; execution state refers to blocks by id, so state written by
 * one process resumes in another that parsed the same definition.
 */
public record Block(int id, List<Step> steps, Map<String, Integer> indexByName, int parentId, String owner) {
}
