package sandbox.firewall.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link Lab} per test (skipped with the reason where the kernel tools are missing), always torn down. */
abstract class LabTest {

    Lab lab;

    @BeforeEach
    void wire() throws Exception {
        Lab.assumeKernel();
        lab = new Lab();
    }

    @AfterEach
    void unwire() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }
}
