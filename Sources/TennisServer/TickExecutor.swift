import NIOCore
import NIOPosix

/// Where every match's tick loop runs: a thread of its own, so a tick never waits behind the
/// connections' tasks on the shared cooperative pool (with thousands of connections that wait
/// made ticks late).
final class TickExecutor: TaskExecutor {
    /// The process's one tick thread.
    static let shared = TickExecutor(loop: MultiThreadedEventLoopGroup(numberOfThreads: 1).next())

    private let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
