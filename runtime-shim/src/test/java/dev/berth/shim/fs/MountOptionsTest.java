package dev.berth.shim.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** containerd mount options to mount(2) flags and data; the shim's command line. */
class MountOptionsTest {
    @Test
    void flagWordsBecomeFlagsAndTheRestData() {
        MountOptions overlay = MountOptions.parse(List.of("index=off", "lowerdir=/a:/b", "upperdir=/u", "workdir=/w"));
        assertEquals(0, overlay.flags());
        assertEquals("index=off,lowerdir=/a:/b,upperdir=/u,workdir=/w", overlay.data());

        MountOptions bind = MountOptions.parse(List.of("rbind", "ro", "nosuid"));
        assertEquals(MountOptions.MS_BIND | MountOptions.MS_REC | MountOptions.MS_RDONLY | MountOptions.MS_NOSUID, bind.flags());
        assertNull(bind.data());
        assertEquals(MountOptions.MS_BIND, MountOptions.parse(List.of("ro", "rw", "bind")).flags());
    }
}
