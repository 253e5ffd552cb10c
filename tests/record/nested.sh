# Nested PID namespaces, for `pidsim record`: unshare -pf twice, each
# namespace's init with a child of its own.
unshare -pf sh -c 'sleep 0.05 & wait; unshare -pf sh -c "sleep 0.05 & wait"'
