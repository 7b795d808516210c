package org.constcl.workflows.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** JSON with mapping keys sorted at every level, and SHA-256 over it: the basis of cache keys. */
public final class CanonicalJson {
  public static final ObjectMapper JSON = new ObjectMapper();

  private CanonicalJson() {}

  /** A copy of {@code node} with sorted keys. */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = JSON.createObjectNode();
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      for (String k : keys) {
        o.set(k, sorted(node.get(k)));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = JSON.createArrayNode();
      node.forEach(n -> a.add(sorted(n)));
      return a;
    }
    return node;
  }

  public static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
