// A hypervisor's CPUID vendor signature as people call it ("KVMKVMKVM" → KVM).
const NAMES: Record<string, string> = {
  KVMKVMKVM: 'KVM',
  'Microsoft Hv': 'Hyper-V',
  VMwareVMware: 'VMware',
  XenVMMXenVMM: 'Xen',
  TCGTCGTCGTCG: 'QEMU (TCG)',
  ACRNACRNACRN: 'ACRN',
  'bhyve bhyve ': 'bhyve',
  ' lrpepyh  vr': 'Parallels',
  QNXQVMBSQG: 'QNX',
};

export function hypervisorName(vendor: string): string {
  if (vendor === 'none') return 'none (bare metal)';
  return NAMES[vendor] ?? NAMES[vendor.trim()] ?? vendor.trim();
}
