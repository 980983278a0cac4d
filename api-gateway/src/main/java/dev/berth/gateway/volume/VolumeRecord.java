package dev.berth.gateway.volume;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * What the gateway persists about one volume ({@code volumes/<name>/volume.json}); its data is
 * {@code volumes/<name>/_data}. Options are the local driver's (type, device, o).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeRecord(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("CreatedAt") Instant createdAt) {

    /** Docker's label on a volume made for a container's VOLUME or `-v /path`. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    public VolumeRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public boolean anonymous() {
        return labels.containsKey(ANONYMOUS_LABEL);
    }
}
