package dev.berth.gateway.volume;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One of a container's mounts as the gateway resolved it at create (moby's MountPoint): a bind
 * of a host path, a volume (Name, and Source its _data), or a tmpfs. Persisted with the
 * container ({@code mounts.json}); inspect's Mounts shows it, the OCI spec is made from it.
 *
 * @param mode        Docker's Mode as inspect shows it ("", "ro", "z", ...)
 * @param propagation "" for volumes and tmpfs; a bind's propagation (rprivate by default)
 * @param noCopy      a volume not to be filled from the image (nocopy, VolumeOptions.NoCopy)
 * @param tmpfsOptions a tmpfs's size= and mode= options
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountPoint(
        @JsonProperty("Type") String type,
        @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation,
        @JsonProperty("NoCopy") boolean noCopy,
        @JsonProperty("TmpfsOptions") List<String> tmpfsOptions) {

    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    public MountPoint {
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
        tmpfsOptions = tmpfsOptions == null ? List.of() : List.copyOf(tmpfsOptions);
    }

    static MountPoint bind(String source, String destination, String mode, boolean rw, String propagation) {
        return new MountPoint(BIND, null, source, destination, null, mode, rw,
                propagation == null || propagation.isEmpty() ? "rprivate" : propagation, false, null);
    }

    static MountPoint volume(String name, String source, String destination, String mode, boolean rw, boolean noCopy) {
        return new MountPoint(VOLUME, name, source, destination, "local", mode, rw, "", noCopy, null);
    }

    static MountPoint tmpfs(String destination, boolean rw, List<String> options) {
        return new MountPoint(TMPFS, null, "", destination, null, "", rw, "", false, options);
    }

    /** The same mount with --volumes-from's ":ro" or ":rw" applied. */
    MountPoint withRw(boolean newRw, String newMode) {
        return new MountPoint(type, name, source, destination, driver, newMode, newRw, propagation, noCopy, tmpfsOptions);
    }

    public boolean isVolume() {
        return VOLUME.equals(type);
    }
}
