package ai.liouna.rule;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A per-thread ND4J workspace for one training step. Fresh off-heap arrays cost a page fault
 * per 4 KiB on first touch, which made a step's temporaries slower than its convolutions; the
 * workspace learns a step's footprint on the first step and reuses that memory afterwards.
 * Nothing allocated inside may be used after {@link MemoryWorkspace#close()}: copy results out.
 */
public final class StepWorkspace {

    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.1)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private StepWorkspace() {
    }

    public static MemoryWorkspace open(String name) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, name);
    }
}
