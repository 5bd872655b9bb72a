import Foundation
import NIOCore
import NIOSSH
import TerminalUI

/// An `ANSITerminal`'s bytes into an ssh session channel.
struct SSHChannelOutlet: ANSIOutlet {
    let channel: any Channel

    func write(_ bytes: [UInt8]) {
        let data = SSHChannelData(type: .channel, data: .byteBuffer(ByteBuffer(bytes: bytes)))
        channel.writeAndFlush(data, promise: nil)
    }

    var isWritable: Bool { channel.isWritable }
}

extension SSHChannelOutlet {
    /// Text as the terminal shows it: `\n` as CR LF.
    static func line(_ text: String) -> [UInt8] {
        Array((text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n").utf8)
    }
}
