//! The 16 MS-CMRP control calls and the Win32 status they return.

use core::fmt;

/// One of the 16 MS-CMRP control calls, by opnum.
///
/// ```
/// use clusctl::rpc::Function;
///
/// let f = Function::from_opnum(73).unwrap();
/// assert_eq!(f, Function::ResourceControl);
/// assert_eq!(f.name(), "ApiResourceControl");
/// assert_eq!(f.samba_name(), "clusapi_ResourceControl");
/// assert_eq!(f.handles(), 1);
/// assert_eq!(Function::from_name("ApiGroupSetControl").map(Function::opnum), Some(174));
/// assert_eq!(Function::from_opnum(74).unwrap().has_type_name(), true);
/// assert!(Function::from_opnum(1).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum Function {
    /// `ApiNodeResourceControl` (72): hResource, hNode.
    NodeResourceControl = 72,
    /// `ApiResourceControl` (73): hResource.
    ResourceControl = 73,
    /// `ApiNodeResourceTypeControl` (74): hCluster, lpszResourceTypeName, hNode.
    NodeResourceTypeControl = 74,
    /// `ApiResourceTypeControl` (75): hCluster, lpszResourceTypeName.
    ResourceTypeControl = 75,
    /// `ApiNodeGroupControl` (76): hGroup, hNode.
    NodeGroupControl = 76,
    /// `ApiGroupControl` (77): hGroup.
    GroupControl = 77,
    /// `ApiNodeNodeControl` (78): hNode, hHostNode.
    NodeNodeControl = 78,
    /// `ApiNodeControl` (79): hNode.
    NodeControl = 79,
    /// `ApiNodeNetworkControl` (88): hNetwork, hNode.
    NodeNetworkControl = 88,
    /// `ApiNetworkControl` (89): hNetwork.
    NetworkControl = 89,
    /// `ApiNodeNetInterfaceControl` (97): hNetInterface, hNode.
    NodeNetInterfaceControl = 97,
    /// `ApiNetInterfaceControl` (98): hNetInterface.
    NetInterfaceControl = 98,
    /// `ApiNodeClusterControl` (105): hCluster, hHostNode.
    NodeClusterControl = 105,
    /// `ApiClusterControl` (106): hCluster.
    ClusterControl = 106,
    /// `ApiNodeGroupSetControl` (173, version 3 only): hGroupSet, hNode.
    NodeGroupSetControl = 173,
    /// `ApiGroupSetControl` (174, version 3 only): hGroupSet.
    GroupSetControl = 174,
}

impl Function {
    /// All 16 calls, by opnum.
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::ALL.len(), 16);
    /// assert!(Function::ALL.windows(2).all(|w| w[0].opnum() < w[1].opnum()));
    /// ```
    pub const ALL: [Self; 16] = [
        Self::NodeResourceControl,
        Self::ResourceControl,
        Self::NodeResourceTypeControl,
        Self::ResourceTypeControl,
        Self::NodeGroupControl,
        Self::GroupControl,
        Self::NodeNodeControl,
        Self::NodeControl,
        Self::NodeNetworkControl,
        Self::NetworkControl,
        Self::NodeNetInterfaceControl,
        Self::NetInterfaceControl,
        Self::NodeClusterControl,
        Self::ClusterControl,
        Self::NodeGroupSetControl,
        Self::GroupSetControl,
    ];

    /// The call with this opnum, if it is a control call.
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::from_opnum(106), Some(Function::ClusterControl));
    /// assert_eq!(Function::from_opnum(80), None);
    /// ```
    #[must_use]
    pub const fn from_opnum(opnum: u16) -> Option<Self> {
        Some(match opnum {
            72 => Self::NodeResourceControl,
            73 => Self::ResourceControl,
            74 => Self::NodeResourceTypeControl,
            75 => Self::ResourceTypeControl,
            76 => Self::NodeGroupControl,
            77 => Self::GroupControl,
            78 => Self::NodeNodeControl,
            79 => Self::NodeControl,
            88 => Self::NodeNetworkControl,
            89 => Self::NetworkControl,
            97 => Self::NodeNetInterfaceControl,
            98 => Self::NetInterfaceControl,
            105 => Self::NodeClusterControl,
            106 => Self::ClusterControl,
            173 => Self::NodeGroupSetControl,
            174 => Self::GroupSetControl,
            _ => return None,
        })
    }

    /// The call's opnum.
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::GroupControl.opnum(), 77);
    /// ```
    #[must_use]
    pub const fn opnum(self) -> u16 {
        self as u16
    }

    /// The MS-CMRP name (`ApiResourceControl`, ...).
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::NodeNetInterfaceControl.name(), "ApiNodeNetInterfaceControl");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::NodeResourceControl => "ApiNodeResourceControl",
            Self::ResourceControl => "ApiResourceControl",
            Self::NodeResourceTypeControl => "ApiNodeResourceTypeControl",
            Self::ResourceTypeControl => "ApiResourceTypeControl",
            Self::NodeGroupControl => "ApiNodeGroupControl",
            Self::GroupControl => "ApiGroupControl",
            Self::NodeNodeControl => "ApiNodeNodeControl",
            Self::NodeControl => "ApiNodeControl",
            Self::NodeNetworkControl => "ApiNodeNetworkControl",
            Self::NetworkControl => "ApiNetworkControl",
            Self::NodeNetInterfaceControl => "ApiNodeNetInterfaceControl",
            Self::NetInterfaceControl => "ApiNetInterfaceControl",
            Self::NodeClusterControl => "ApiNodeClusterControl",
            Self::ClusterControl => "ApiClusterControl",
            Self::NodeGroupSetControl => "ApiNodeGroupSetControl",
            Self::GroupSetControl => "ApiGroupSetControl",
        }
    }

    /// The name in Samba's IDL and `ndrdump` (`clusapi_ResourceControl`):
    /// the MS-CMRP name with `Api` replaced by `clusapi_`.
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::NodeGroupSetControl.samba_name(), "clusapi_NodeGroupSetControl");
    /// ```
    #[must_use]
    pub const fn samba_name(self) -> &'static str {
        match self {
            Self::NodeResourceControl => "clusapi_NodeResourceControl",
            Self::ResourceControl => "clusapi_ResourceControl",
            Self::NodeResourceTypeControl => "clusapi_NodeResourceTypeControl",
            Self::ResourceTypeControl => "clusapi_ResourceTypeControl",
            Self::NodeGroupControl => "clusapi_NodeGroupControl",
            Self::GroupControl => "clusapi_GroupControl",
            Self::NodeNodeControl => "clusapi_NodeNodeControl",
            Self::NodeControl => "clusapi_NodeControl",
            Self::NodeNetworkControl => "clusapi_NodeNetworkControl",
            Self::NetworkControl => "clusapi_NetworkControl",
            Self::NodeNetInterfaceControl => "clusapi_NodeNetInterfaceControl",
            Self::NetInterfaceControl => "clusapi_NetInterfaceControl",
            Self::NodeClusterControl => "clusapi_NodeClusterControl",
            Self::ClusterControl => "clusapi_ClusterControl",
            Self::NodeGroupSetControl => "clusapi_NodeGroupSetControl",
            Self::GroupSetControl => "clusapi_GroupSetControl",
        }
    }

    /// The call with this MS-CMRP (`ApiResourceControl`) or Samba
    /// (`clusapi_ResourceControl`) name.
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::from_name("clusapi_NodeControl"), Some(Function::NodeControl));
    /// assert_eq!(Function::from_name("ApiOpenResource"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name || f.samba_name() == name)
    }

    /// The number of context handles (1 or 2) the request carries.
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert_eq!(Function::NodeResourceTypeControl.handles(), 2);
    /// assert_eq!(Function::ResourceTypeControl.handles(), 1);
    /// ```
    #[must_use]
    pub const fn handles(self) -> usize {
        match self {
            Self::NodeResourceControl
            | Self::NodeResourceTypeControl
            | Self::NodeGroupControl
            | Self::NodeNodeControl
            | Self::NodeNetworkControl
            | Self::NodeNetInterfaceControl
            | Self::NodeClusterControl
            | Self::NodeGroupSetControl => 2,
            _ => 1,
        }
    }

    /// Whether the request carries `lpszResourceTypeName` after the first
    /// handle (the two ResourceType calls).
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert!(Function::ResourceTypeControl.has_type_name());
    /// assert!(!Function::ResourceControl.has_type_name());
    /// ```
    #[must_use]
    pub const fn has_type_name(self) -> bool {
        matches!(
            self,
            Self::ResourceTypeControl | Self::NodeResourceTypeControl
        )
    }

    /// Whether `nOutBufferSize` carries the IDL `range(0, 0x7FFFFFFF)` (the
    /// two GroupSet calls).
    ///
    /// ```
    /// use clusctl::rpc::Function;
    /// assert!(Function::GroupSetControl.has_out_size_range());
    /// ```
    #[must_use]
    pub const fn has_out_size_range(self) -> bool {
        matches!(self, Self::GroupSetControl | Self::NodeGroupSetControl)
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Win32 status (`error_status_t`): the return value and `rpc_status`
/// of a control call, or a fault's status. An open newtype: every value is
/// kept; the common ClusAPI ones have names.
///
/// ```
/// use clusctl::rpc::Status;
///
/// assert_eq!(Status::new(0xEA), Status::ERROR_MORE_DATA);
/// assert_eq!(Status::ERROR_MORE_DATA.name(), Some("ERROR_MORE_DATA"));
/// assert_eq!(Status::new(0xEA).to_string(), "ERROR_MORE_DATA");
/// assert_eq!(Status::new(0x1234_5678).name(), None);
/// assert_eq!(Status::new(0x1234_5678).to_string(), "0x12345678");
/// assert!(Status::ERROR_SUCCESS.is_success());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Status(u32);

macro_rules! statuses {
    ($($name:ident = $value:literal,)*) => {
        impl Status {
            $(
                #[doc = concat!("`", stringify!($name), "` (", stringify!($value), ").")]
                pub const $name: Self = Self($value);
            )*

            const NAMED: &'static [(u32, &'static str)] = &[$(($value, stringify!($name)),)*];
        }
    };
}

// Values from Samba's libcli/util/werror_err_table.txt (MS-ERREF 2.2).
statuses! {
    ERROR_SUCCESS = 0x0000_0000,
    ERROR_INVALID_FUNCTION = 0x0000_0001,
    ERROR_FILE_NOT_FOUND = 0x0000_0002,
    ERROR_ACCESS_DENIED = 0x0000_0005,
    ERROR_INVALID_HANDLE = 0x0000_0006,
    ERROR_NOT_ENOUGH_MEMORY = 0x0000_0008,
    ERROR_INVALID_DATA = 0x0000_000D,
    ERROR_NOT_READY = 0x0000_0015,
    ERROR_BAD_LENGTH = 0x0000_0018,
    ERROR_NOT_SUPPORTED = 0x0000_0032,
    ERROR_INVALID_PARAMETER = 0x0000_0057,
    ERROR_CALL_NOT_IMPLEMENTED = 0x0000_0078,
    ERROR_INSUFFICIENT_BUFFER = 0x0000_007A,
    ERROR_ALREADY_EXISTS = 0x0000_00B7,
    ERROR_MORE_DATA = 0x0000_00EA,
    ERROR_NO_MORE_ITEMS = 0x0000_0103,
    ERROR_IO_PENDING = 0x0000_03E5,
    ERROR_TIMEOUT = 0x0000_05B4,
    RPC_S_UNKNOWN_IF = 0x0000_06B5,
    RPC_S_CALL_FAILED = 0x0000_06BE,
    RPC_S_PROTOCOL_ERROR = 0x0000_06C0,
    RPC_S_UNSUPPORTED_TRANS_SYN = 0x0000_06C2,
    RPC_S_PROCNUM_OUT_OF_RANGE = 0x0000_06D1,
    RPC_X_BAD_STUB_DATA = 0x0000_06F7,
    ERROR_INVALID_USER_BUFFER = 0x0000_06F8,
    RPC_S_SEC_PKG_ERROR = 0x0000_0721,
    ERROR_DEPENDENCY_NOT_FOUND = 0x0000_138A,
    ERROR_RESOURCE_NOT_ONLINE = 0x0000_138C,
    ERROR_RESOURCE_NOT_AVAILABLE = 0x0000_138E,
    ERROR_RESOURCE_NOT_FOUND = 0x0000_138F,
    ERROR_SHUTDOWN_CLUSTER = 0x0000_1390,
    ERROR_GROUP_NOT_AVAILABLE = 0x0000_1394,
    ERROR_GROUP_NOT_FOUND = 0x0000_1395,
    ERROR_GROUP_NOT_ONLINE = 0x0000_1396,
    ERROR_RESOURCE_ONLINE = 0x0000_139B,
    ERROR_INVALID_STATE = 0x0000_139F,
    ERROR_RESOURCE_PROPERTIES_STORED = 0x0000_13A0,
    ERROR_NODE_NOT_AVAILABLE = 0x0000_13AC,
    ERROR_CLUSTER_INVALID_NODE = 0x0000_13AF,
    ERROR_CLUSTER_NODE_NOT_FOUND = 0x0000_13B2,
    ERROR_CLUSTER_NETWORK_NOT_FOUND = 0x0000_13B5,
    ERROR_CLUSTER_NETINTERFACE_NOT_FOUND = 0x0000_13B7,
    ERROR_CLUSTER_INVALID_REQUEST = 0x0000_13B8,
    ERROR_CLUSTER_NODE_DOWN = 0x0000_13BA,
    ERROR_CLUSTER_NODE_PAUSED = 0x0000_13CE,
    ERROR_CLUSTER_INCOMPATIBLE_VERSIONS = 0x0000_13D3,
    ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND = 0x0000_13D6,
    ERROR_RESOURCE_PROPERTY_UNCHANGEABLE = 0x0000_13E1,
    ERROR_CLUSTER_PROPERTY_DATA_TYPE_MISMATCH = 0x0000_1707,
    ERROR_CLUSTER_GROUP_MOVING = 0x0000_1714,
    NCA_S_OP_RNG_ERROR = 0x1C01_0002,
    NCA_S_UNK_IF = 0x1C01_0003,
    NCA_S_PROTO_ERROR = 0x1C01_000B,
}

impl Status {
    /// The status with this value.
    #[must_use]
    pub const fn new(value: u32) -> Self {
        Self(value)
    }

    /// The value.
    ///
    /// ```
    /// assert_eq!(clusctl::rpc::Status::ERROR_MORE_DATA.value(), 234);
    /// ```
    #[must_use]
    pub const fn value(self) -> u32 {
        self.0
    }

    /// Whether this is `ERROR_SUCCESS`.
    ///
    /// ```
    /// assert!(!clusctl::rpc::Status::ERROR_MORE_DATA.is_success());
    /// ```
    #[must_use]
    pub const fn is_success(self) -> bool {
        self.0 == 0
    }

    /// The Win32 name (`ERROR_MORE_DATA`), for the values the crate knows.
    ///
    /// ```
    /// use clusctl::rpc::Status;
    /// assert_eq!(Status::new(5).name(), Some("ERROR_ACCESS_DENIED"));
    /// assert_eq!(Status::new(0x1C01_0002).name(), Some("NCA_S_OP_RNG_ERROR"));
    /// ```
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        Self::NAMED
            .iter()
            .find(|(value, _)| *value == self.0)
            .map(|(_, name)| *name)
    }

    /// The status with this name.
    ///
    /// ```
    /// use clusctl::rpc::Status;
    /// assert_eq!(Status::from_name("ERROR_SUCCESS"), Some(Status::ERROR_SUCCESS));
    /// assert_eq!(Status::from_name("ERROR_NOPE"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMED
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(value, _)| Self(*value))
    }
}

impl From<u32> for Status {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl From<Status> for u32 {
    fn from(status: Status) -> Self {
        status.0
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#010x}", self.0),
        }
    }
}
