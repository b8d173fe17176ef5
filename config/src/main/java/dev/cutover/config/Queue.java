package dev.cutover.config;

/** An SQS queue on one side; FIFO queues' names end in ".fifo". */
public record Queue(String name, boolean fifo) {
}
