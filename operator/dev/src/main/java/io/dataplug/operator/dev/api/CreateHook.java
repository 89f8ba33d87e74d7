package io.dataplug.operator.dev.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the dev cluster does to an object created through its API front before the mock stores it (admission). */
@FunctionalInterface
public interface CreateHook {

    /** The object to store instead of {@code body}; may be {@code body} itself. */
    ObjectNode admit(ApiResource type, ObjectNode body) throws Exception;
}
