package sandbox.firewall.internal.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SetScriptTest {

    @Test
    void hashsizeIsThePowerOfTwoAtOrAboveTheBlockCountAndAtLeast64() {
        assertEquals(64, SetScript.hashsize(0));
        assertEquals(64, SetScript.hashsize(64));
        assertEquals(128, SetScript.hashsize(65));
        assertEquals(32768, SetScript.hashsize(20000));
        assertEquals(1048576, SetScript.hashsize(1000000));
    }

    @Test
    void maxelemLeavesRoomToDoubleAndNeverGoesBelowIpsetsDefault() {
        assertEquals(65536, SetScript.maxelem(0));
        assertEquals(65536, SetScript.maxelem(20000));
        assertEquals(131072, SetScript.maxelem(40000));
        assertEquals(2097152, SetScript.maxelem(1000000));
    }
}
