package dev.berth.content;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** containerd's rule for labels on content and images: key and value together at most 4096 bytes. */
public final class Labels {
    private static final int MAX_BYTES = 4096;

    private Labels() {}

    public static void validate(Map<String, String> labels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey().isEmpty()) {
                throw StoreException.invalidArgument("label key must not be empty");
            }
            int size = label.getKey().getBytes(StandardCharsets.UTF_8).length + label.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_BYTES) {
                throw StoreException.invalidArgument("label key and value length (" + size
                        + " bytes) greater than maximum size (" + MAX_BYTES + " bytes), key: " + label.getKey());
            }
        }
    }
}
