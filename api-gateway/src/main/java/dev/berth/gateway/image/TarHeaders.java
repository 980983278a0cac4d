package dev.berth.gateway.image;

import dev.berth.gateway.api.DockerApiException;
import java.nio.charset.StandardCharsets;

/** Just enough of the tar format to refuse a body that is not an archive before it is stored as a layer. */
final class TarHeaders {
    static final int BLOCK = 512;
    private static final int CHECKSUM_OFFSET = 148;
    private static final int CHECKSUM_LENGTH = 8;

    private TarHeaders() {}

    /** The first block must be a header with a valid checksum, or the zero block of an empty archive. */
    static void requireArchiveStart(byte[] block) {
        if (block.length < BLOCK) {
            throw DockerApiException.badRequest("invalid tar archive: " + block.length + " bytes is shorter than a tar header");
        }
        boolean zero = true;
        long unsigned = 0;
        for (int i = 0; i < BLOCK; i++) {
            zero &= block[i] == 0;
            boolean inChecksum = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH;
            unsigned += inChecksum ? ' ' : block[i] & 0xff;
        }
        if (zero) {
            return;
        }
        String field = new String(block, CHECKSUM_OFFSET, CHECKSUM_LENGTH, StandardCharsets.US_ASCII).replace("\0", " ").trim();
        try {
            if (!field.isEmpty() && Long.parseLong(field, 8) == unsigned) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw DockerApiException.badRequest("invalid tar archive: the first header's checksum does not match");
    }
}
