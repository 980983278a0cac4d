package dev.berth.gateway.container;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of POST /containers/create: Docker's Config fields at the top level, HostConfig,
 * and NetworkingConfig (kept raw: EndpointsConfig by network name, with Aliases).
 */
public record CreateContainerRequest(ContainerConfig config, HostConfig hostConfig, ObjectNode networkingConfig) {}
