"""One-shot HTTPS/1.0 server for the library integration tests (PythonSslServerIT).

Usage: tls_server.py MODE CERT KEY BODY_BYTES SENT_BYTES
Prints "PORT <n>" once listening on 127.0.0.1, serves one connection with a close-delimited
HTTP/1.0 response of SENT_BYTES of the BODY_BYTES body, then ends it:
  close   -- SSLSocket.close() without unwrap(): no close_notify, just the FIN
  unwrap  -- unwrap() first: close_notify, then the FIN (not waiting for the peer's reply)
Prints "DONE <mode> <detail>" at the end.
"""
import socket
import ssl
import sys

mode, certfile, keyfile = sys.argv[1], sys.argv[2], sys.argv[3]
body_bytes, sent_bytes = int(sys.argv[4]), int(sys.argv[5])

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(certfile, keyfile)
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(1)
listener.settimeout(10)
print("PORT", listener.getsockname()[1], flush=True)

conn, _ = listener.accept()
conn.settimeout(10)
tls = ctx.wrap_socket(conn, server_side=True)
request = b""
while b"\r\n\r\n" not in request:
    chunk = tls.recv(4096)
    if not chunk:
        break
    request += chunk
body = bytes(ord("a") + i % 26 for i in range(body_bytes))
tls.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body[:sent_bytes])
detail = tls.version()
if mode == "unwrap":
    # unwrap() sends close_notify, then waits for the peer's; a non-blocking socket makes it return
    # (SSLWantReadError) right after sending, so the FIN follows at once, whatever the client does.
    tls.setblocking(False)
    try:
        tls.unwrap()
        detail += " close_notify exchanged"
    except ssl.SSLWantReadError:
        detail += " close_notify sent"
    # (wrap_socket took over conn's descriptor: the SSLSocket is the socket now.) shutdown()
    # drops the TLS layer, so the FIN goes out and recv() reads raw bytes until the client closes.
    tls.setblocking(True)
    tls.shutdown(socket.SHUT_WR)
    while tls.recv(4096):
        pass
    tls.close()
else:
    tls.close()
listener.close()
print("DONE", mode, detail, flush=True)
