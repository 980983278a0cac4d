package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One image: {@code id} is "sha256:" + the config digest; {@code config} is the OCI image
 * config's "config" object (Cmd, Entrypoint, Env, WorkingDir, User, Labels, ExposedPorts,
 * Volumes, StopSignal) in Docker's field names; {@code chainId} names the committed snapshot
 * of the top layer, the parent of every container's rootfs.
 */
public record Image(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        Instant created,
        long size,
        String architecture,
        String os,
        String author,
        String comment,
        ObjectNode config,
        List<String> diffIds,
        String chainId) {}
