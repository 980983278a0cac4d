package dev.berth.gateway.container;

/** POST /containers/{id}/wait?condition=...: not-running (default), next-exit, removed. */
public enum WaitCondition {
    NOT_RUNNING,
    NEXT_EXIT,
    REMOVED;

    public static WaitCondition parse(String value) {
        if (value == null || value.isEmpty() || value.equals("not-running")) {
            return NOT_RUNNING;
        }
        return switch (value) {
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw dev.berth.gateway.api.DockerApiException.badRequest("invalid condition: \"" + value + "\"");
        };
    }
}
