package dev.provisioning.worker.provisioning;

/** Observes the poll loop for health and metrics; called on the poll thread. */
public interface PollLoopListener {
    PollLoopListener NONE =
            new PollLoopListener() {
                @Override
                public void polled(int records, int inFlight, int pausedPartitions) {}

                @Override
                public void assigned(int partitions) {}

                @Override
                public void failed(Exception error) {}
            };

    void polled(int records, int inFlight, int pausedPartitions);

    void assigned(int partitions);

    void failed(Exception error);
}
