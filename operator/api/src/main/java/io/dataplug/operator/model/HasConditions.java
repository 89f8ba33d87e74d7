package io.dataplug.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status with standard conditions. */
public interface HasConditions {

    List<Condition> conditions();
}
