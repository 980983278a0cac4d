package dev.berth.dockerfile.instruction;

/** One typed Dockerfile instruction; every implementation is an immutable record. */
public sealed interface Instruction
        permits FromInstruction, RunInstruction, CmdInstruction, EntrypointInstruction, WorkdirInstruction,
        CopyInstruction, AddInstruction, LabelInstruction, EnvInstruction, ArgInstruction, ExposeInstruction,
        VolumeInstruction, UserInstruction, StopSignalInstruction, HealthcheckInstruction, ShellInstruction,
        OnbuildInstruction, MaintainerInstruction {

    Origin origin();

    /** The source text as Docker prints it after "Step n/m : ". */
    default String text() {
        return origin().text();
    }
}
