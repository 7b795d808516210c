package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One grid cell: the axis values that define it (key path to value, in axis order), its seed
 * (null without a seeds axis), and the experiment config with those values applied.
 *
 * @param id readable and unique within the experiment, e.g. {@code regions=slic,seed=2}
 * @param group the id without the seed: the report's row
 */
public record Cell(String id, String group, Map<String, JsonNode> axes, Long seed, ObjectNode config) {}
