package dev.berth.network.core;

import dev.berth.network.state.PortRecord;
import java.util.List;

/** A container's sandbox as ListSandboxes shows it; {@code netnsPath} is empty for a container on the host network. */
public record SandboxView(String containerId, String netnsPath, List<JoinedEndpoint> endpoints,
                          List<PortRecord> ports) {}
