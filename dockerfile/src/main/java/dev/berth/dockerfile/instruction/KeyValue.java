package dev.berth.dockerfile.instruction;

/** One name=value of ENV or LABEL, in source order. */
public record KeyValue(String key, String value) {
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
